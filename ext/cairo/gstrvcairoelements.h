/* plugin "rvcairo": registration symbols of every element */
#ifndef __GST_RVCAIRO_ELEMENTS_H__
#define __GST_RVCAIRO_ELEMENTS_H__

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>

G_BEGIN_DECLS

GST_ELEMENT_REGISTER_DECLARE (rvvisualize);

G_END_DECLS
#endif
