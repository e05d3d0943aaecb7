/* gst-ruview — rvmqttsink: the sensing stream and Home Assistant entities
 * over MQTT
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */
#ifndef __GST_RV_MQTT_SINK_H__
#define __GST_RV_MQTT_SINK_H__

#include <gst/gst.h>
#include <gst/base/gstbasesink.h>

G_BEGIN_DECLS

#define GST_TYPE_RV_MQTT_SINK (gst_rv_mqtt_sink_get_type ())
G_DECLARE_FINAL_TYPE (GstRvMqttSink, gst_rv_mqtt_sink, GST, RV_MQTT_SINK,
    GstBaseSink);

G_END_DECLS
#endif
