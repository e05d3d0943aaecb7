/* Fuzz target: the atheros capture decoder (common/ruview/, see
 * ruview/capture.h), whole and in pieces. */
#include "capture.h"

RV_FUZZ_CAPTURE_TARGET ("atheros")

void
rv_fuzz_seeds (void)
{
  rv_fuzz_capture_seeds ("atheros");
}
