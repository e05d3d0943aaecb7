/* The real captures of the shared data directory, for the suites that read
 * them in place: where they are, and a main() that skips the suite (exit
 * 77, saying why) when they are absent. */
#ifndef RV_TESTS_CAPTURES_H
#define RV_TESTS_CAPTURES_H

#include <gst/check/gstcheck.h>

#define RV_CAPTURES RV_SHARED_DATA_DIR "/data/captures"

#define RV_CAPTURES_CHECK_MAIN(name)                                    \
int                                                                     \
main (int argc, char **argv)                                            \
{                                                                       \
  if (!g_file_test (RV_CAPTURES, G_FILE_TEST_IS_DIR)) {                 \
    g_print ("SKIP: the real captures are not at %s\n", RV_CAPTURES);  \
    return 77;                                                          \
  }                                                                     \
  gst_check_init (&argc, &argv);                                        \
  return gst_check_run_suite (name##_suite (), #name, __FILE__);        \
}

#endif
