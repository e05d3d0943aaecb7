/* Fuzz target: the feitcsi capture decoder (common/ruview/, see
 * ruview/capture.h), whole and in pieces. */
#include "capture.h"

RV_FUZZ_CAPTURE_TARGET ("feitcsi")

void
rv_fuzz_seeds (void)
{
  rv_fuzz_capture_seeds ("feitcsi");
}
