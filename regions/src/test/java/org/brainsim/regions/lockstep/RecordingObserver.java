package org.brainsim.regions.lockstep;

import java.util.ArrayList;
import java.util.List;

/** Test observer: keeps a copy of every step's output. */
final class RecordingObserver implements StepObserver
{
    final List<float[]> outputs = new ArrayList<>();

    @Override
    public void onStep(final long step, final float[] output)
    {
        if (step != outputs.size())
        {
            throw new AssertionError("step " + step + " observed after " + outputs.size() + " steps");
        }
        outputs.add(output.clone());
    }

    float[] flatten()
    {
        final int width = outputs.isEmpty() ? 0 : outputs.get(0).length;
        final float[] all = new float[outputs.size() * width];
        for (int t = 0; t < outputs.size(); t++)
        {
            System.arraycopy(outputs.get(t), 0, all, t * width, width);
        }
        return all;
    }
}
