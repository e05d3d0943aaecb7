/* Fuzz target: the esp32-csi-tool capture decoder (common/ruview/, see
 * ruview/capture.h), whole and in pieces. */
#include "capture.h"

RV_FUZZ_CAPTURE_TARGET ("esp32-csi-tool")

void
rv_fuzz_seeds (void)
{
  rv_fuzz_capture_seeds ("esp32-csi-tool");
}
