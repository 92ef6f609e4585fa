/*
 * Benchmark A, eigenvalue drivers that netlib does not wrap: LAPACK's two-stage drivers
 * (dsyevd_2stage, dsyev_2stage, dsyevr_2stage, JOBZ='N') against dsyevd/dsyevr/dsyev, called
 * straight from C on OpenBLAS's liblapack, on the same matrices as EigenBench (W written by
 * `EigenBench --dump DIR`, column-major float64).
 *
 * Build (jobs/bench lapack-c does this):
 *   gcc -O2 -std=c11 -o target/bench/eigdrivers src/bench/c/eigdrivers.c \
 *       -L/usr/lib/x86_64-linux-gnu/openblas-pthread -l:liblapack.so.3 -l:libblas.so.3 \
 *       -Wl,-rpath,/usr/lib/x86_64-linux-gnu/openblas-pthread -lm
 * Run:
 *   OPENBLAS_NUM_THREADS=1 target/bench/eigdrivers REPS FILE ROWS COLS [DRIVERS]
 *   DRIVERS: comma list of dsyrk,dsyevd,dsyevr,dsyev,dsyevd_2stage,dsyev_2stage,dsyevr_2stage
 *
 * Prints, per driver, the median over REPS of wall and process-CPU seconds, the ratio to dsyevd
 * and the largest |λ − λ(dsyevd)|/λmax. The drivers take Fortran hidden string lengths (gfortran
 * ABI), passed explicitly.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

typedef long flen; /* gfortran hidden character length (size_t) */

extern void dsyrk_(const char *uplo, const char *trans, const int *n, const int *k, const double *alpha,
                   const double *a, const int *lda, const double *beta, double *c, const int *ldc, flen, flen);
extern void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
                    double *work, const int *lwork, int *iwork, const int *liwork, int *info, flen, flen);
extern void dsyevd_2stage_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
                           double *work, const int *lwork, int *iwork, const int *liwork, int *info, flen, flen);
extern void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
                   double *work, const int *lwork, int *info, flen, flen);
extern void dsyev_2stage_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
                          double *work, const int *lwork, int *info, flen, flen);
typedef void (*syevr_fn)(const char *jobz, const char *range, const char *uplo, const int *n, double *a,
                         const int *lda, const double *vl, const double *vu, const int *il, const int *iu,
                         const double *abstol, int *m, double *w, double *z, const int *ldz, int *isuppz,
                         double *work, const int *lwork, int *iwork, const int *liwork, int *info, flen, flen, flen);
extern void dsyevr_(const char *, const char *, const char *, const int *, double *, const int *, const double *,
                    const double *, const int *, const int *, const double *, int *, double *, double *,
                    const int *, int *, double *, const int *, int *, const int *, int *, flen, flen, flen);
extern void dsyevr_2stage_(const char *, const char *, const char *, const int *, double *, const int *,
                           const double *, const double *, const int *, const int *, const double *, int *,
                           double *, double *, const int *, int *, double *, const int *, int *, const int *,
                           int *, flen, flen, flen);

static double now(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
  qsort(v, n, sizeof(double), cmp);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what, int info) {
  fprintf(stderr, "%s failed, info=%d\n", what, info);
  exit(1);
}

/* Eigenvalues of the symmetric n×n matrix a (upper triangle; destroyed) into w, by `driver`. */
static void eig(const char *driver, int n, double *a, double *w) {
  int info = 0, lwork = -1, liwork = -1, iq = 0;
  double q = 0;
  if (!strcmp(driver, "dsyevd") || !strcmp(driver, "dsyevd_2stage")) {
    int two = !strcmp(driver, "dsyevd_2stage");
    (two ? dsyevd_2stage_ : dsyevd_)("N", "U", &n, a, &n, w, &q, &lwork, &iq, &liwork, &info, 1, 1);
    if (info) die(driver, info);
    lwork = (int)q + 1;
    liwork = iq > 1 ? iq : 1;
    double *work = malloc(sizeof(double) * lwork);
    int *iwork = malloc(sizeof(int) * liwork);
    (two ? dsyevd_2stage_ : dsyevd_)("N", "U", &n, a, &n, w, work, &lwork, iwork, &liwork, &info, 1, 1);
    free(work);
    free(iwork);
  } else if (!strcmp(driver, "dsyev") || !strcmp(driver, "dsyev_2stage")) {
    int two = !strcmp(driver, "dsyev_2stage");
    (two ? dsyev_2stage_ : dsyev_)("N", "U", &n, a, &n, w, &q, &lwork, &info, 1, 1);
    if (info) die(driver, info);
    lwork = (int)q + 1;
    double *work = malloc(sizeof(double) * lwork);
    (two ? dsyev_2stage_ : dsyev_)("N", "U", &n, a, &n, w, work, &lwork, &info, 1, 1);
    free(work);
  } else if (!strcmp(driver, "dsyevr") || !strcmp(driver, "dsyevr_2stage")) {
    syevr_fn f = !strcmp(driver, "dsyevr_2stage") ? (syevr_fn)dsyevr_2stage_ : (syevr_fn)dsyevr_;
    double zero = 0, z = 0;
    int izero = 0, found = 0, one = 1;
    int *isuppz = malloc(sizeof(int) * 2 * n);
    f("N", "A", "U", &n, a, &n, &zero, &zero, &izero, &izero, &zero, &found, w, &z, &one, isuppz, &q, &lwork,
      &iq, &liwork, &info, 1, 1, 1);
    if (info) die(driver, info);
    lwork = (int)q + 1;
    liwork = iq > 1 ? iq : 1;
    double *work = malloc(sizeof(double) * lwork);
    int *iwork = malloc(sizeof(int) * liwork);
    f("N", "A", "U", &n, a, &n, &zero, &zero, &izero, &izero, &zero, &found, w, &z, &one, isuppz, work, &lwork,
      iwork, &liwork, &info, 1, 1, 1);
    free(work);
    free(iwork);
    free(isuppz);
  } else {
    fprintf(stderr, "unknown driver %s\n", driver);
    exit(2);
  }
  if (info) die(driver, info);
}

static void print_libs(void) {
  FILE *maps = fopen("/proc/self/maps", "r");
  char line[4096], seen[8192] = "";
  while (maps && fgets(line, sizeof line, maps)) {
    char *p = strrchr(line, '/');
    if (!p) continue;
    p[strcspn(p, "\n")] = 0;
    if ((strstr(p, "openblas") || strstr(p, "lapack") || strstr(p, "blas")) && !strstr(seen, p + 1)) {
      strncat(seen, p + 1, sizeof seen - strlen(seen) - 2);
      strcat(seen, " ");
    }
  }
  if (maps) fclose(maps);
  printf("mapped: %s\n", seen);
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s REPS FILE ROWS COLS [DRIVERS]\n", argv[0]);
    return 2;
  }
  int reps = atoi(argv[1]);
  const char *file = argv[2];
  int rows = atoi(argv[3]), cols = atoi(argv[4]);
  char drivers[512] = "dsyevd,dsyevr,dsyev,dsyevd_2stage,dsyev_2stage,dsyevr_2stage";
  if (argc > 5) snprintf(drivers, sizeof drivers, "%s", argv[5]);
  int n = rows < cols ? rows : cols, k = rows < cols ? cols : rows;
  const char *env = getenv("OPENBLAS_NUM_THREADS");
  printf("# eigdrivers %s %dx%d (column-major), n=%d, reps=%d, OPENBLAS_NUM_THREADS=%s\n", file, rows, cols, n,
         reps, env ? env : "(unset)");
  print_libs();

  size_t count = (size_t)rows * cols;
  double *wmat = malloc(sizeof(double) * count);
  FILE *in = fopen(file, "rb");
  if (!in || fread(wmat, sizeof(double), count, in) != count) {
    fprintf(stderr, "cannot read %zu doubles from %s\n", count, file);
    return 1;
  }
  fclose(in);

  double *g = calloc((size_t)n * n, sizeof(double));
  double *a = malloc(sizeof(double) * n * n);
  double *ref = malloc(sizeof(double) * n), *w = malloc(sizeof(double) * n);
  double one = 1, zero = 0;
  const char *trans = rows >= cols ? "T" : "N";
  double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
  dsyrk_("U", trans, &n, &k, &one, wmat, &rows, &zero, g, &n, 1, 1);
  printf("dsyrk('U','%s'): wall %.3f s, cpu %.3f s\n", trans, now(CLOCK_MONOTONIC) - t0,
         now(CLOCK_PROCESS_CPUTIME_ID) - c0);
  free(wmat);

  memcpy(a, g, sizeof(double) * n * n);
  eig("dsyevd", n, a, ref);
  double lmax = ref[n - 1];

  char list[512], *names[16];
  double mwall[16], mcpu[16], mdiff[16];
  int nd = 0;
  snprintf(list, sizeof list, "%s", drivers);
  for (char *d = strtok(list, ","); d && nd < 16; d = strtok(NULL, ",")) {
    double walls[64], cpus[64];
    int r_n = reps > 64 ? 64 : reps;
    for (int r = 0; r < r_n; r++) {
      memcpy(a, g, sizeof(double) * n * n);
      double w0 = now(CLOCK_MONOTONIC), p0 = now(CLOCK_PROCESS_CPUTIME_ID);
      eig(d, n, a, w);
      walls[r] = now(CLOCK_MONOTONIC) - w0;
      cpus[r] = now(CLOCK_PROCESS_CPUTIME_ID) - p0;
      printf("  rep %d %-14s wall %.3f s  cpu %.3f s\n", r + 1, d, walls[r], cpus[r]);
      fflush(stdout);
    }
    double diff = 0;
    for (int i = 0; i < n; i++) diff = fmax(diff, fabs(w[i] - ref[i]));
    names[nd] = d;
    mwall[nd] = median(walls, r_n);
    mcpu[nd] = median(cpus, r_n);
    mdiff[nd] = diff / lmax;
    nd++;
  }
  double bw = 0, bc = 0;
  for (int i = 0; i < nd; i++)
    if (!strcmp(names[i], "dsyevd")) { bw = mwall[i]; bc = mcpu[i]; }
  printf("\n| n=%d, %s threads | wall s | CPU s | / dsyevd (wall / CPU) | max |λ − λ(dsyevd)|/λmax |\n", n,
         env ? env : "default");
  printf("| --- | --- | --- | --- | --- |\n");
  for (int i = 0; i < nd; i++)
    printf("| %s | %.3f | %.3f | %.2f× / %.2f× | %.1e |\n", names[i], mwall[i], mcpu[i],
           bw > 0 ? mwall[i] / bw : NAN, bc > 0 ? mcpu[i] / bc : NAN, mdiff[i]);
  free(g); free(a); free(ref); free(w);
  return 0;
}
