package org.brainsim.objectives;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J workspaces for the per-step loops: every temporary of a step lives in a workspace that is reset
 * when the step ends, so a step allocates no fresh off-heap memory once the workspace has learned its size
 * (after the first step). What must outlive a step is written into buffers allocated before the loop.
 * Workspaces are per thread; each id is reused by every step of every trial on that thread.
 */
public final class Workspaces
{
    private static final WorkspaceConfiguration STEP = WorkspaceConfiguration.builder()
        .initialSize(0)
        .overallocationLimit(0.3)
        .policyAllocation(AllocationPolicy.OVERALLOCATE)
        .policyLearning(LearningPolicy.FIRST_LOOP)
        .policySpill(SpillPolicy.REALLOCATE)
        .build();

    private Workspaces()
    {
    }

    /** Opens (activates) the step workspace {@code id} on this thread; close it at the end of the step. */
    public static MemoryWorkspace step(final String id)
    {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP, id);
    }
}
