/* Fuzz target: the intel5300 capture decoder (common/ruview/, see
 * ruview/capture.h), whole and in pieces. */
#include "capture.h"

RV_FUZZ_CAPTURE_TARGET ("intel5300")

void
rv_fuzz_seeds (void)
{
  rv_fuzz_capture_seeds ("intel5300");
}
