package org.brainsim.objectives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.FloatBuffer;

/**
 * A view's index 0 is the array's first element, for views at an offset too; copies through it and through its
 * duplicates reach the array's elements; an array that does not lie dense and row-major is refused, not misread.
 */
class FloatsTest
{
    @Test
    void aViewOfRowsAtAnOffsetReadsAndWritesThoseRows()
    {
        final INDArray whole = Nd4j.arange(0, 24).castTo(DataType.FLOAT).reshape('c', 6, 4);
        final INDArray rows = whole.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all()); // rows 2..4, offset 8
        final FloatBuffer view = Floats.view(rows);
        assertEquals(12, view.capacity());
        final float[] got = new float[4];
        view.get(4, got, 0, 4); // the view's second row: the array's row 3
        assertArrayEquals(new float[] {12, 13, 14, 15}, got);

        Floats.duplicates(new FloatBuffer[] {view})[0].put(8, new float[] {-1, -2}, 0, 2); // row 4, columns 0 and 1
        assertEquals(-1f, whole.getFloat(4, 0));
        assertEquals(-2f, whole.getFloat(4, 1));
        assertEquals(18f, whole.getFloat(4, 2));
        assertEquals(15f, whole.getFloat(3, 3));
        assertEquals(20f, whole.getFloat(5, 0));
    }

    @Test
    void viewsKeepTheArraysOrder()
    {
        final INDArray[] steps = {Nd4j.zeros(DataType.FLOAT, 2, 3).addi(1), Nd4j.zeros(DataType.FLOAT, 2, 3).addi(2)};
        final FloatBuffer[] views = Floats.views(steps);
        assertEquals(1f, views[0].get(5));
        assertEquals(2f, views[1].get(0));
    }

    @Test
    void aColumnOrAnotherTypeIsRefused()
    {
        final INDArray whole = Nd4j.zeros(DataType.FLOAT, 4, 3);
        final INDArray column = whole.get(NDArrayIndex.all(), NDArrayIndex.point(1));
        assertThrows(IllegalArgumentException.class, () -> Floats.view(column));
        assertThrows(IllegalArgumentException.class, () -> Floats.view(Nd4j.zeros(DataType.DOUBLE, 2, 2)));
    }
}
