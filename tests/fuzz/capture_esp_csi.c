/* Fuzz target: the esp-csi capture decoder (common/ruview/, see
 * ruview/capture.h), whole and in pieces. */
#include "capture.h"

RV_FUZZ_CAPTURE_TARGET ("esp-csi")

void
rv_fuzz_seeds (void)
{
  rv_fuzz_capture_seeds ("esp-csi");
}
