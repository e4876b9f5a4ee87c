namespace EctLifecycle.Network;

/// <summary>The network's words in French.</summary>
public static class NetworkLabels
{
    public static string Kind(string kind) => kind switch
    {
        NodeKinds.Project => "Projet",
        NodeKinds.Hub => "Pôle",
        _ => "Acteur",
    };

    public static string Tie(string kind) => kind switch
    {
        TieKinds.Member => "membre du collectif",
        TieKinds.Carrier => "porteur",
        TieKinds.Funder => "financeur",
        _ => "lien du pôle",
    };

    public static string Number(double value) => value.ToString("0.###", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
}
