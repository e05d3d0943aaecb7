/* tests/fuzz: main() of the fuzz-NAME-replay executables (see fuzz.h).
 *
 *   fuzz-NAME-replay [FILE | DIR]...        run the generated seeds, then
 *                                           every FILE and every regular
 *                                           file of each DIR (name order)
 *   fuzz-NAME-replay --write-seeds DIR      write the generated seeds into
 *                                           DIR (the libFuzzer start corpus)
 *
 * Every input runs once through LLVMFuzzerTestOneInput, as libFuzzer would
 * run it; a crash or a failed check ends the process, and so fails the
 * test.  A named file or directory that does not exist is an error: a
 * corpus that silently went missing must not pass. */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *seed_dir;
static unsigned long n_seeds, n_files;

static void
run_seed (const char *name, const void *data, size_t len)
{
  LLVMFuzzerTestOneInput (data, len);
  n_seeds++;
}

static void
write_seed (const char *name, const void *data, size_t len)
{
  char path[4096];
  FILE *f;
  snprintf (path, sizeof path, "%s/seed-%s", seed_dir, name);
  f = fopen (path, "wb");
  if (!f || fwrite (data, 1, len, f) != len || fclose (f) != 0) {
    fprintf (stderr, "cannot write %s: %s\n", path, strerror (errno));
    exit (1);
  }
  n_seeds++;
}

static int
run_file (const char *path)
{
  FILE *f = fopen (path, "rb");
  unsigned char *buf = NULL;
  size_t len = 0, cap = 0, n;

  if (!f) {
    fprintf (stderr, "cannot open %s: %s\n", path, strerror (errno));
    return -1;
  }
  do {
    if (len == cap) {
      cap = cap ? 2 * cap : 65536;
      buf = realloc (buf, cap);
      if (!buf) {
        fclose (f);
        return -1;
      }
    }
    n = fread (buf + len, 1, cap - len, f);
    len += n;
  } while (n > 0);
  fclose (f);
  /* a copy of exactly len bytes, so ASan sees reads past the input */
  {
    unsigned char *exact = malloc (len ? len : 1);
    if (!exact) {
      free (buf);
      return -1;
    }
    memcpy (exact, buf, len);
    free (buf);
    LLVMFuzzerTestOneInput (exact, len);
    free (exact);
  }
  n_files++;
  return 0;
}

static int
by_name (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static int
run_dir (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, cap = 0, i;
  int rc = 0;

  if (!d) {
    fprintf (stderr, "cannot open %s: %s\n", dir, strerror (errno));
    return -1;
  }
  while ((e = readdir (d))) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      names = realloc (names, cap * sizeof *names);
    }
    names[n++] = strdup (e->d_name);
  }
  closedir (d);
  qsort (names, n, sizeof *names, by_name);
  for (i = 0; i < n; i++) {
    char path[4096];
    struct stat st;
    snprintf (path, sizeof path, "%s/%s", dir, names[i]);
    if (rc == 0 && stat (path, &st) == 0 && S_ISREG (st.st_mode))
      rc = run_file (path);
    free (names[i]);
  }
  free (names);
  return rc;
}

int
main (int argc, char **argv)
{
  int i;

  if (LLVMFuzzerInitialize)
    LLVMFuzzerInitialize (&argc, &argv);

  if (argc == 3 && strcmp (argv[1], "--write-seeds") == 0) {
    seed_dir = argv[2];
    if (mkdir (seed_dir, 0777) != 0 && errno != EEXIST) {
      fprintf (stderr, "cannot create %s: %s\n", seed_dir, strerror (errno));
      return 1;
    }
    rv_fuzz_seed_sink = write_seed;
    rv_fuzz_seeds ();
    printf ("%lu seeds written to %s\n", n_seeds, seed_dir);
    return 0;
  }

  rv_fuzz_seed_sink = run_seed;
  rv_fuzz_seeds ();
  for (i = 1; i < argc; i++) {
    struct stat st;
    if (stat (argv[i], &st) != 0) {
      fprintf (stderr, "%s: %s\n", argv[i], strerror (errno));
      return 1;
    }
    if ((S_ISDIR (st.st_mode) ? run_dir (argv[i]) : run_file (argv[i])) != 0)
      return 1;
  }
  printf ("%lu inputs replayed (%lu generated seeds, %lu corpus files)\n",
      n_seeds + n_files, n_seeds, n_files);
  return n_seeds + n_files > 0 ? 0 : 1;
}
