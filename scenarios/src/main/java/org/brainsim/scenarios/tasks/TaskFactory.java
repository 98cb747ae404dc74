package org.brainsim.scenarios.tasks;

import org.brainsim.settings.Param;
import org.brainsim.settings.ParamValues;

import java.util.List;

/**
 * Makes a task from a scenario's {@code task} block: a name, a one-line description, the parameters it
 * accepts, and the task itself once they are checked.
 */
public interface TaskFactory
{
    /** @return the name a scenario uses ({@code task.name}). */
    String name();

    /** @return one line for {@code brainsim list}. */
    String description();

    /** @return whether its tasks act ({@link Task#actions()} &gt; 0): they take a region's actions and give rewards. */
    default boolean acting()
    {
        return false;
    }

    /** @return whether its tasks answer on reward links ({@link Task#rewards()}): acting tasks, and a critic's world. */
    default boolean rewards()
    {
        return acting();
    }

    /** @return whether its tasks have outcomes a phase may devalue or withhold ({@code devalue}, {@code extinction}). */
    default boolean outcomes()
    {
        return false;
    }

    /** @return every parameter, with defaults and ranges. */
    List<Param<?>> params();

    /**
     * @param values every parameter of {@link #params()}, checked and defaulted.
     * @param dtMs   the scenario's step.
     * @param batch  rows.
     * @throws IllegalArgumentException naming the parameter when the combination cannot work (e.g. timing
     *                                  shorter than one step).
     */
    Task create(ParamValues values, double dtMs, int batch);
}
