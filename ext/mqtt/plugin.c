/* plugin "rvmqtt": the elements that need libmosquitto (rvmqttsink) */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstrvmqttelements.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (rvmqttsink, plugin);

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, rvmqtt,
    "WiFi CSI room sensing: publishing to MQTT brokers and Home Assistant",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
