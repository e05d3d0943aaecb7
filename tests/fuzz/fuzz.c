/* tests/fuzz: helpers linked into every target (see fuzz.h). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

void (*rv_fuzz_seed_sink) (const char *name, const void *data, size_t len);

void
rv_fuzz_seed (const char *name, const void *data, size_t len)
{
  if (rv_fuzz_seed_sink)
    rv_fuzz_seed_sink (name, data, len);
}

void
rv_fuzz_fail (const char *file, int line, const char *what)
{
  fprintf (stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
  abort ();
}
