/* plugin "rvfftw": registration symbols of every element */
#ifndef __GST_RVFFTW_ELEMENTS_H__
#define __GST_RVFFTW_ELEMENTS_H__

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>

G_BEGIN_DECLS

GST_ELEMENT_REGISTER_DECLARE (rvcirgate);

G_END_DECLS
#endif
