#include "wb/gradcheck.hpp"
