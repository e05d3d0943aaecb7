/* plugin "rvmqtt": the elements that need libmosquitto */
#ifndef __GST_RV_MQTT_ELEMENTS_H__
#define __GST_RV_MQTT_ELEMENTS_H__

#include <gst/gst.h>

G_BEGIN_DECLS

GST_ELEMENT_REGISTER_DECLARE (rvmqttsink);

G_END_DECLS
#endif
