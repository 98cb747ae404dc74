/** Test support shared by the tests of this module and of deploy (a test-jar): run arrays, golden sums, scenario problems. */
package org.brainsim.scenarios.testing;
