package org.brainsim.regions.network;

import java.nio.FloatBuffer;

/**
 * B of an {@link FmaGemm} product (depth × columns) in panels of {@link #width} columns, the last padded with zeros:
 * element (k, j) at {@code ((j / width) · depth + k) · width + j % width}. Rows are filled a block at a time
 * ({@link #rows}).
 */
final class FmaPanels
{
    final int depth;
    final int columns;
    final int width;
    final float[] panels;

    /**
     * @param depth   rows of B (the length of each chain), ≥ 1.
     * @param columns columns of B, ≥ 1.
     * @param width   columns per panel, ≥ 1.
     */
    FmaPanels(final int depth, final int columns, final int width)
    {
        if (depth < 1 || columns < 1 || width < 1)
        {
            throw new IllegalArgumentException(depth + " x " + columns + " in panels of " + width +
                " (expected: all >= 1)");
        }
        this.depth = depth;
        this.columns = columns;
        this.width = width;
        this.panels = new float[Math.multiplyExact(Math.multiplyExact((columns + width - 1) / width, depth), width)];
    }

    /**
     * Copies {@code count} rows of a row-major matrix with {@link #columns} columns, read from {@code source} at
     * element {@code first}, into rows {@code row … row + count − 1} of B.
     */
    void rows(final int row, final int count, final FloatBuffer source, final int first)
    {
        if (row < 0 || count < 0 || row + count > depth)
        {
            throw new IndexOutOfBoundsException("rows " + row + " + " + count + " of " + depth);
        }
        for (int k = row; k < row + count; k++)
        {
            final int from = first + (k - row) * columns;
            for (int p = 0, j = 0; j < columns; p++, j += width)
            {
                source.get(from + j, panels, (p * depth + k) * width, Math.min(width, columns - j));
            }
        }
    }
}
