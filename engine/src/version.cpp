#include "adgen/version.h"

namespace adgen {

std::string versionString() { return ADGEN_VERSION; }

}  // namespace adgen
