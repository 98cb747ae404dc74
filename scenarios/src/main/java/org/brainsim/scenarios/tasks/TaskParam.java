package org.brainsim.scenarios.tasks;

/**
 * One parameter of a task, as a scenario's {@code task} block sets it: validated like every other scenario
 * key and listed by {@code brainsim list}.
 *
 * @param key          the key under {@code task}.
 * @param integer      whether only integers are allowed.
 * @param defaultValue used when the scenario does not set it.
 * @param min          smallest allowed value.
 * @param max          largest allowed value.
 * @param description  one line: meaning and unit.
 */
public record TaskParam(String key, boolean integer, double defaultValue, double min, double max, String description)
{
}
