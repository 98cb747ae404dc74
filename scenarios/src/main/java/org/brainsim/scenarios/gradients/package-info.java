/**
 * {@code brainsim gradients}: every rule's gradient for one trial of one network, written for comparison
 * with BPTT and with other frameworks.
 */
package org.brainsim.scenarios.gradients;
