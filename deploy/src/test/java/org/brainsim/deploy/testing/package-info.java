/** Test support for the command-line tests: run {@code brainsim} in this JVM. */
package org.brainsim.deploy.testing;
