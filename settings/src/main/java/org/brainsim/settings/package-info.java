/**
 * Typed settings: each model, learning rule, objective, optimiser and task declares its {@link org.brainsim.settings.Param}s
 * (scenario key, type, default, range, meaning) once; the scenario loader checks a scenario against them and hands
 * the implementation its {@link org.brainsim.settings.ParamValues}. {@link org.brainsim.settings.Names} spells enum
 * constants the way scenarios do.
 */
package org.brainsim.settings;
