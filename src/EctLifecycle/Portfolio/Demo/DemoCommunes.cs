using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// The demo's fictional communes placed in real communes of the Jura (issue 19), so that the territory's questions have
/// something to answer on the demo: each project is placed, at its emergence, in the commune of the official geographic
/// code its fictional commune stands for. The main town stands for Lons-le-Saunier and its neighbours for communes of its
/// agglomeration (the EPCI the <c>Territory</c> settings name by default); the others for communes of the département
/// outside it. The demo follows the study's observation here: « Pourquoi peu d'initiatives semblent émerger ailleurs
/// qu'autour de Lons le-Saunier ? ». Added after the portfolio is drawn, by a generator of its own, so the other draws
/// stay as they were; a placement changes no state a score reads.
/// </summary>
internal static class DemoCommunes
{
    /// <summary>Fictional commune -> INSEE code and official name (checked against the shipped code by a test).</summary>
    public static readonly IReadOnlyDictionary<string, (string Code, string Name)> Real = new Dictionary<string, (string, string)>
    {
        // In the agglomeration (EPCI 200071116).
        ["Lédonval"] = ("39300", "Lons-le-Saunier"),
        ["Valfleuri"] = ("39362", "Montmorot"),
        ["Clairvent"] = ("39411", "Perrigny"),
        ["Montorieux"] = ("39164", "Conliège"),
        ["Sarvenay"] = ("39306", "Macornay"),
        ["Brévaline"] = ("39171", "Courlaoux"),
        ["Combe-Aurèle"] = ("39327", "Messia-sur-Sorne"),
        ["Mirevent"] = ("39170", "Courlans"),
        ["Étrevoz"] = ("39146", "Chilly-le-Vignoble"),
        ["Chaumerelle"] = ("39169", "Courbouzon"),
        // Elsewhere in the Jura.
        ["Lanvoisy"] = ("39434", "Poligny"),
        ["Fontvarenne"] = ("39013", "Arbois"),
        ["Pragny-le-Haut"] = ("39097", "Champagnole"),
        ["Saint-Orlin"] = ("39478", "Saint-Claude"),
        ["Bois-Ravel"] = ("39198", "Dole"),
        ["Vireloup"] = ("39470", "Les Rousses"),
        ["Les Ormeteaux"] = ("39323", "Menotey"),
        ["Arvelle-la-Grange"] = ("39406", "Le Pasquier"),
    };

    public static IReadOnlyList<GeneratedProject> Placed(IReadOnlyList<GeneratedProject> projects) =>
        projects.Select(p => p.Events[0] is ProjectRegistered r && Real.TryGetValue(r.Commune, out var real)
            ? p with { Events = [.. p.Events, new CommunePlaced(r.ProjectId, r.OccurredOn, p.Staff, real.Code, real.Name, r.Commune)] }
            : p).ToList();

}
