// The declaration in include/SDFuzzDriver.h is all this module provides; SwiftPM needs one
// source file to build a C module.
#include "SDFuzzDriver.h"
