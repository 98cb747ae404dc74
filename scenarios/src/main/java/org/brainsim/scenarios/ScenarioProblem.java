package org.brainsim.scenarios;

/**
 * One thing wrong with a scenario, located: which file and line, which key, what is wrong and what is
 * allowed.
 *
 * @param source  the file name as given, or {@code --set key=value} for a command-line override.
 * @param line    1-based line, or -1 when unknown.
 * @param key     dotted path of the offending key (or of the object missing a key).
 * @param message what is wrong and what is allowed.
 */
public record ScenarioProblem(String source, int line, String key, String message)
{
    @Override
    public String toString()
    {
        final String where = line > 0 ? source + ":" + line : source;
        return where + ": " + key + ": " + message;
    }
}
