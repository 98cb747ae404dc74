package org.brainsim.scenarios;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario that cannot run, with every problem found (not just the first). The CLI prints them one per
 * line and exits with code 2.
 */
public final class ScenarioException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final transient List<ScenarioProblem> problems;

    public ScenarioException(final List<ScenarioProblem> problems)
    {
        super(problems.stream().map(ScenarioProblem::toString).collect(Collectors.joining(System.lineSeparator())));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem, in file order as far as known. */
    public List<ScenarioProblem> problems()
    {
        return problems;
    }
}
