/* Fuzz target: csisrc's JSON Lines frame reader (gst/ruview/
 * rvreader-jsonl.c), which decodes through common/ruview/record_json.c. */
#include "reader.h"

#include <stdlib.h>

#include "seeds.h"

RV_FUZZ_READER_TARGET (gst_rv_reader_jsonl)

void
rv_fuzz_seeds (void)
{
  RvJsonWriter w;
  static const char other[] = "{\"type\":\"fused_frame\",\"cycle\":1}\n\n"
      "not json\n";

  rv_json_writer_init (&w);
  rv_fuzz_csi_json_line (&w, RV_LAYOUT_COMPLEX, 1, 16, 1, 1);
  rv_fuzz_csi_json_line (&w, RV_LAYOUT_COMPLEX, 1, 16, 2, 1);
  rv_fuzz_csi_json_line (&w, RV_LAYOUT_CANONICAL, 2, 8, 1, 2);
  rv_fuzz_seed ("frames", w.buf, w.len);
  rv_json_append (&w, other, sizeof other - 1);
  rv_fuzz_csi_json_line (&w, RV_LAYOUT_COMPLEX, 1, 16, 1, 3);
  rv_fuzz_seed ("frames-and-others", w.buf, w.len);
  rv_json_writer_clear (&w);
}
