/* plugin "rvfftw": the elements that need FFTW (single precision) */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstrvfftwelements.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (rvcirgate, plugin);

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, rvfftw,
    "WiFi CSI room sensing: channel impulse response (ISTA, optionally "
    "FFTW-based) and the coherence gate",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
