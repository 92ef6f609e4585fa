package org.htsr.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {

  @Test
  void digitRunsCompareByValue() {
    List<String> runs = new ArrayList<>(List.of("run_bs1024", "run_bs16", "run_bs2", "run_bs128", "bs8", "bs512", "bs32", "run_bs02x"));
    runs.sort(NaturalOrder.COMPARATOR);
    assertEquals(List.of("bs8", "bs32", "bs512", "run_bs2", "run_bs02x", "run_bs16", "run_bs128", "run_bs1024"), runs);
  }

  @Test
  void textOrderOfKeysIsTheNaturalOrder() {
    assertEquals(-1, Integer.signum(NaturalOrder.key("checkpoint-94").compareTo(NaturalOrder.key("checkpoint-940"))));
    assertEquals(-1, Integer.signum(NaturalOrder.key("checkpoint-940").compareTo(NaturalOrder.key("checkpoint-1880"))));
    assertEquals(NaturalOrder.key("Run7"), NaturalOrder.key("run007"));
  }
}
