/**
 * The {@code brainsim} command line: runs and checks scenarios on this machine.
 */
package org.brainsim.deploy;
