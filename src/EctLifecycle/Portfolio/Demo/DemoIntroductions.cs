using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// Which actors the hub brought into the demo's collectives (its « fonction d'enrôlement des acteurs »): in the projects
/// it accompanies, about one actor in three other than itself. Decided from the name, not drawn, so that the generator's
/// draws, and the study's figures they reproduce, stay as they were.
/// </summary>
internal static class DemoIntroductions
{
    public static bool ByHub(Sketch project, string name, ActorKind kind) =>
        project.Support == Support.Hub && project.HubRole != HubRole.Absent && kind != ActorKind.Hub && Stable(name) % 3 == 0;

    // string.GetHashCode changes between runs: a sum of the characters does not.
    private static int Stable(string name) => name.Sum(c => c);
}
