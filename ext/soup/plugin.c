/* plugin "rvsoup": the elements that need libsoup-3 (rvwssink) */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstrvsoupelements.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (rvwssink, plugin);

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, rvsoup,
    "WiFi CSI room sensing: publishing to browsers over WebSocket and HTTP",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
