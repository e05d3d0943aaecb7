/* plugin "rvsoup": the elements that need libsoup-3 */
#ifndef __GST_RV_SOUP_ELEMENTS_H__
#define __GST_RV_SOUP_ELEMENTS_H__

#include <gst/gst.h>

G_BEGIN_DECLS

GST_ELEMENT_REGISTER_DECLARE (rvwssink);

G_END_DECLS
#endif
