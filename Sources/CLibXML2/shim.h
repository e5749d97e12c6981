// Debian's libxml2 is built with ICU, so its encoding.h includes the system's ICU headers, whose
// UErrorCode clashes with the one in Foundation's own ICU module: a Swift module importing both
// failed to build here (not every time). Weige never touches libxml2's ICU converters (the last two
// fields of xmlCharEncodingHandler, which is only ever reached through a pointer), so Swift's view
// of the headers leaves them out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
