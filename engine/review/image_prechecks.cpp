#include "adgen/prechecks.h"

namespace adgen {

// filled in by the image pre-checks
PrecheckReport runImagePrechecks(const PrecheckInput&) { return {}; }

}  // namespace adgen
