/* libgstruview — what the project's aggregators share (see rvaggregator.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gst/ruview/rvaggregator.h"

GstSample *
gst_rv_aggregator_peek_next_sample (GstAggregator * agg,
    GstAggregatorPad * pad)
{
  GstBuffer *buf = gst_aggregator_pad_peek_buffer (pad);
  GstCaps *caps;
  GstSample *sample;

  if (!buf)
    return NULL;
  caps = gst_pad_get_current_caps (GST_PAD (pad));
  sample = gst_sample_new (buf, caps, &pad->segment, NULL);
  if (caps)
    gst_caps_unref (caps);
  gst_buffer_unref (buf);
  return sample;
}

GstClockTime
gst_rv_aggregator_pad_running_time (GstAggregatorPad * pad, GstBuffer * buf)
{
  GstClockTime ts = GST_BUFFER_PTS (buf);
  if (!GST_CLOCK_TIME_IS_VALID (ts))
    return GST_CLOCK_TIME_NONE;
  return gst_segment_to_running_time (&pad->segment, GST_FORMAT_TIME, ts);
}
