using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// The fictional territory of the demo portfolio (the Val d'Arvelle, its hub, communes, actors and staff).
/// Every name is invented, so the demo never shows a real project or person.
/// </summary>
internal static class DemoNames
{
    public const string Hub = "Pôle Coop'Arvelle";

    // The main town comes first and is drawn more often: few initiatives emerge far from it.
    public static readonly string[] Communes =
    [
        "Lédonval", "Valfleuri", "Clairvent", "Montorieux", "Sarvenay", "Brévaline", "Combe-Aurèle", "Mirevent",
        "Étrevoz", "Chaumerelle", "Lanvoisy", "Fontvarenne", "Pragny-le-Haut", "Saint-Orlin", "Bois-Ravel",
        "Vireloup", "Les Ormeteaux", "Arvelle-la-Grange",
    ];

    public static readonly string[] Places =
    [
        "des Tilleuls", "du Grand Pré", "des Combes", "de la Gare", "du Moulin", "des Vergers", "du Plateau",
        "de la Source", "des Noyers", "du Lavoir", "des Chênes", "de la Halle", "du Vieux Pont", "des Sapins",
    ];

    public static readonly string[] Staff = ["Claire V.", "Mathieu P.", "Inès R.", "Romain T.", "Aurélie B."];

    public static readonly string[] FirstNames =
    [
        "Martine", "Julien", "Sophie", "Karim", "Élodie", "Thierry", "Nadia", "Pierre-Yves", "Camille", "Lucas",
        "Hélène", "Bruno", "Amandine", "Yannick", "Fatou", "Grégoire", "Maëlle", "Rachid", "Odile", "Baptiste",
        "Céline", "Joël", "Laetitia", "Armand", "Solène", "Vincent", "Anaïs", "Gilles", "Léa", "Hugo",
    ];

    private const string Initials = "ABCDFGHJLMNPRSTV";

    public static string Person(Random rng) => $"{Pick(rng, FirstNames)} {Initials[rng.Next(Initials.Length)]}.";

    /// <summary>Whether a name was drawn by <see cref="Person"/>: a first name and an initial.</summary>
    public static bool IsPerson(string name) =>
        name.Length > 3 && name[^1] == '.' && name[^3] == ' ' && FirstNames.Contains(name[..^3]);

    public static string Commune(Random rng) => rng.Next(3) == 0 ? Communes[0] : Pick(rng, Communes);

    /// <summary>"de Valfleuri", "d'Étrevoz", "des Ormeteaux": the French preposition before a commune's name.</summary>
    public static string Of(string commune) =>
        commune.StartsWith("Les ", StringComparison.Ordinal) ? $"des {commune[4..]}"
        : "AEÉIOUYaeéiouy".Contains(commune[0]) ? $"d'{commune}"
        : $"de {commune}";

    public static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>A fresh actor name of that kind, composed from stems and places so a long history rarely repeats one.</summary>
    public static string Actor(Random rng, ActorKind kind) => kind switch
    {
        ActorKind.PublicBody => rng.Next(4) switch
        {
            0 => "Communauté de communes du Val d'Arvelle",
            1 => "Syndicat mixte du Plateau",
            _ => $"Commune {Of(Pick(rng, Communes))}",
        },
        ActorKind.Association => $"{Pick(rng, AssociationStems)} {Pick(rng, Places)}",
        ActorKind.Company => $"{Pick(rng, CompanyStems)} {Pick(rng, Surnames)}",
        ActorKind.Farmer => $"{Pick(rng, FarmStems)} {Pick(rng, Places)}",
        ActorKind.Inhabitant => $"Collectif d'habitants {Of(Pick(rng, Communes))}",
        ActorKind.Hub => Hub,
        ActorKind.SupportStructure => Pick(rng, SupportStructures),
        ActorKind.ResearchBody => Pick(rng, ResearchBodies),
        _ => $"{Pick(rng, OtherStems)} {Of(Pick(rng, Communes))}",
    };

    private static readonly string[] AssociationStems =
    [
        "Association Les Semeurs", "Association Le Fil", "Amicale", "Foyer rural", "Association Terre et Liens",
        "Comité des fêtes", "Association Les Jardiniers", "Association Cycles et Chemins", "Association Entraide",
        "Club des aînés", "Association La Ruche", "Association Les Bricoleurs",
    ];

    private static readonly string[] CompanyStems =
    [
        "Menuiserie", "Boulangerie", "Garage", "Imprimerie", "Fromagerie", "Scierie", "Transports", "Brasserie",
        "Librairie", "Électricité",
    ];

    private static readonly string[] Surnames =
    [
        "Varnier", "Bouvret", "Mouchet", "Grandclément", "Perrenot", "Jeunet", "Lacroix-Morel", "Vuillod",
        "Cartier-Brun", "Monnier", "Duraffourg", "Sauria",
    ];

    private static readonly string[] FarmStems = ["Ferme", "GAEC", "Chèvrerie", "Maraîchage", "Domaine", "Rucher"];

    private static readonly string[] OtherStems = ["Paroisse", "Collège", "EHPAD", "Médiathèque", "Office de tourisme"];

    public static readonly string[] SupportStructures =
    [
        "Incubateur ESS Terres Vives", "Boutique de gestion des Combes", "Couveuse Val Initiatives",
        "Chambre d'agriculture", "Dispositif local d'accompagnement", "Réseau des tiers-lieux du Plateau",
    ];

    private static readonly string[] ResearchBodies =
    [
        "Laboratoire d'économie territoriale", "Institut de recherche en agroécologie", "Chaire d'économie sociale et solidaire",
    ];
}
