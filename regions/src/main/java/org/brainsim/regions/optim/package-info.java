/** Optimisers (Adam, SGD), the penalties applied to gradients before them, and their scenario settings. */
package org.brainsim.regions.optim;
