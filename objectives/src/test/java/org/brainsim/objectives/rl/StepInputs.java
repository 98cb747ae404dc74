package org.brainsim.objectives.rl;

import org.brainsim.objectives.ObjectiveInputs;

/**
 * One step as a region hands it to an objective that learns from rewards: its readout, what its reward link brought
 * and what its modulator link brought ({@code null}: none); no activity, target or other links.
 */
record StepInputs(float[] readout, float[] reward, float[] modulator) implements ObjectiveInputs
{
    StepInputs(final float[] readout, final float[] reward)
    {
        this(readout, reward, null);
    }

    @Override
    public float[] activity()
    {
        return new float[0];
    }

    @Override
    public float[] target()
    {
        return null;
    }

    @Override
    public float[] inbound(final int link)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public double window()
    {
        return 1;
    }
}
