café|naïve
un café naïve