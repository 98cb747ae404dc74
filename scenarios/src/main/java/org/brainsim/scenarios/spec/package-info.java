/** The typed scenario: plain data the loader emits and the assembly reads (regions, links, inputs, task, phases, record). */
package org.brainsim.scenarios.spec;
