/**
 * A region in the lockstep: its network, its learner (rule and optimiser) and its objectives, wired to its inbound
 * links ({@link org.brainsim.regions.region.RegionKernel}), with the phases that gate and lesion it.
 */
package org.brainsim.regions.region;
