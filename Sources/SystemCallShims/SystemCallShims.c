// Every shim is inline in include/SystemCallShims.h; a C target needs one source file.
#include "SystemCallShims.h"
