package org.htsr.report;

import java.util.List;

/** A model's charts across training steps. */
record TrendSection(String model, String name, List<Figure> figures) {}
