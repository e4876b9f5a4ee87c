using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>A kind of initiative: its sector, how such projects are named and described.</summary>
internal sealed record DemoTheme(string Sector, string[] Names, string Summary);

internal static class DemoThemes
{
    // {p} is a place ("des Tilleuls"), {c} the project's commune with its preposition ("de Valfleuri").
    public static readonly DemoTheme[] All =
    [
        new("alimentation", ["Jardin partagé {p}", "Légumerie {p}", "Cantine paysanne {c}"],
            "Production et transformation de légumes locaux pour la restauration collective et les habitants."),
        new("alimentation", ["Épicerie solidaire {c}", "Épicerie de village {p}"],
            "Épicerie solidaire de produits locaux en zone rurale, ouverte à tous avec des tarifs adaptés."),
        new("alimentation", ["Paniers paysans {p}", "Marché de producteurs {c}"],
            "Vente de paniers de produits biologiques et locaux, en circuit court avec les fermes du territoire."),
        new("eau", ["Filière herbe et eau {p}", "Agriculture et captages {c}"],
            "Débouchés pour des productions agricoles qui protègent la ressource en eau des captages."),
        new("santé", ["Maison sport-santé {c}", "Activité physique adaptée {p}"],
            "Activité physique adaptée pour les personnes atteintes de maladies chroniques ou isolées."),
        new("mobilité", ["Garage solidaire {p}", "Autopartage rural {c}", "Vélo-atelier {p}"],
            "Solutions de mobilité pour les habitants sans voiture ou aux revenus modestes."),
        new("réemploi", ["Ressourcerie {p}", "Recyclerie {c}", "Atelier de réparation {p}"],
            "Collecte, réparation et revente d'objets pour réduire les déchets et créer de l'activité locale."),
        new("énergie", ["Centrale villageoise {c}", "Chaufferie bois collective {p}"],
            "Production d'énergie renouvelable portée par les habitants et les communes."),
        new("culture", ["Café associatif {p}", "Tiers-lieu {p}", "Fabrique culturelle {c}"],
            "Lieu de rencontre, de culture et de services partagés au cœur du village."),
        new("habitat", ["Habitat partagé {p}", "Maison des aînés {c}"],
            "Habitat partagé et accompagné pour les personnes âgées qui souhaitent rester au village."),
        new("insertion", ["Atelier bois {p}", "Chantier d'insertion {c}"],
            "Activité d'insertion par le travail du bois local pour des personnes éloignées de l'emploi."),
        new("agriculture", ["Filière chanvre {p}", "Abattoir de proximité {c}", "Moulin paysan {p}"],
            "Outil collectif de transformation pour les agriculteurs du territoire."),
        new("services", ["Conciergerie rurale {c}", "Maison des services {p}"],
            "Services de proximité mutualisés pour les habitants et les petites entreprises."),
        new("tourisme", ["Gîtes coopératifs {p}", "Itinérances {p}"],
            "Accueil touristique durable qui fait travailler les producteurs et artisans du territoire."),
    ];

    public static string ContextSentence(EmergenceContext context) => context switch
    {
        EmergenceContext.NationalProgramme => "Idée née d'un programme national décliné localement.",
        EmergenceContext.LocalProgramme => "Idée issue d'une démarche locale animée par le pôle.",
        EmergenceContext.PersonalTrigger => "Idée née du déclic personnel d'une porteuse ou d'un porteur.",
        _ => "Idée née du besoin d'une structure, qui a réuni d'autres acteurs autour d'elle.",
    };

    public static string Name(Random rng, DemoTheme theme, string commune)
    {
        var template = DemoNames.Pick(rng, theme.Names);
        var place = DemoNames.Pick(rng, DemoNames.Places);
        // Not "Moulin paysan du Moulin".
        while (template.Contains(place.Split(' ')[^1], StringComparison.OrdinalIgnoreCase)) place = DemoNames.Pick(rng, DemoNames.Places);
        return template.Replace("{p}", place).Replace("{c}", DemoNames.Of(commune));
    }
}
