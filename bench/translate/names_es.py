"""Spanish sentences for measuring name protection with Apertium.

Written for this bench (not taken from any corpus). Each entry is the
sentence and the names an English reader expects to find in the translation
exactly as written. Sentences with no names, institutions Apertium
translates well ("Banco de España" -> "Bank of Spain") and headline-case
titles are here to show what protection must leave alone: for them the
expected list is empty and the measure is that the translation does not
change.
"""

from __future__ import annotations

SENTENCES: list[tuple[str, list[str]]] = [
    # people: first name + surname(s) that are dictionary words
    ("El periodista Carlos del Castillo publicó ayer una investigación.", ["Carlos del Castillo"]),
    ("Según Carlos del Castillo, el contrato nunca se firmó.", ["Carlos del Castillo"]),
    ("Carlos del Castillo llegó a Madrid el lunes por la mañana.", ["Carlos del Castillo"]),
    ("La ministra habló con Pedro Sánchez durante la cumbre.", ["Pedro Sánchez"]),
    ("Lo dijo Juan Carlos Rey en una entrevista con la radio.", ["Juan Carlos Rey"]),
    ("El ministro de Economía, Carlos Cuerpo, defendió los presupuestos.", ["Carlos Cuerpo"]),
    ("La portavoz María Flores explicó que la decisión era firme.", ["María Flores"]),
    ("El entrenador Luis de la Fuente convocó a veinte jugadores.", ["Luis de la Fuente"]),
    ("La escritora Rosa Montero presentó su nueva novela en Barcelona.", ["Rosa Montero"]),
    ("El juez Manuel García Castellón archivó la causa.", ["Manuel García Castellón"]),
    ("La cantante Rosalía y el actor Antonio Banderas asistieron a la gala.", ["Antonio Banderas"]),
    ("El alcalde José Luis Martínez-Almeida inauguró el parque.", ["José Luis Martínez-Almeida"]),
    ("Isabel Díaz Ayuso respondió a Alberto Núñez Feijóo en el pleno.", ["Isabel Díaz Ayuso", "Alberto Núñez Feijóo"]),
    ("La investigadora Ana Campos Blanco dirige el laboratorio.", ["Ana Campos Blanco"]),
    ("El director Pablo Guerra Soler dimitió el viernes.", ["Pablo Guerra Soler"]),
    ("Fernando de los Ríos fue ministro durante la República.", ["Fernando de los Ríos"]),
    ("El economista Miguel Ángel Calvo advirtió de una recesión.", ["Miguel Ángel Calvo"]),
    ("La abogada Lucía Vega Moreno presentó un recurso.", ["Lucía Vega Moreno"]),
    ("El portero Unai Simón paró un penalti en el último minuto.", ["Unai Simón"]),
    ("La presidenta Claudia Sheinbaum viajó a Washington.", ["Claudia Sheinbaum"]),
    ("El empresario Amancio Ortega donó equipos a los hospitales.", ["Amancio Ortega"]),
    ("La policía detuvo a Javier Prieto Rubio en su domicilio.", ["Javier Prieto Rubio"]),
    ("El fiscal Álvaro García Ortiz declaró ante el tribunal.", ["Álvaro García Ortiz"]),
    ("Elena Cruz Iglesias ganó el premio de periodismo.", ["Elena Cruz Iglesias"]),
    ("El capitán Sergio Ramos levantó la copa.", ["Sergio Ramos"]),
    ("El profesor Andrés Bravo Montes dio una conferencia sobre el clima.", ["Andrés Bravo Montes"]),
    # a surname alone, after the full name appeared earlier in the same text
    ("Castillo añadió que no piensa dimitir.", ["Castillo"]),
    # places and organisations whose words Apertium translates one by one
    ("Las obras en Ciudad Real terminarán en marzo.", ["Ciudad Real"]),
    ("Pasó el verano en Mar del Plata con su familia.", ["Mar del Plata"]),
    ("Subieron a Sierra Nevada el fin de semana.", ["Sierra Nevada"]),
    ("El partido Unidas Podemos votó en contra.", ["Unidas Podemos"]),
    ("El presidente recibió a los embajadores en la Casa Rosada.", ["Casa Rosada"]),
    # a first name alone inside a sentence; two people joined by "y"
    ("Al final de la reunión habló Pilar con los vecinos.", ["Pilar"]),
    ("Pedro y Marina llegaron tarde a la cena.", ["Pedro", "Marina"]),
    # first names inside names of places and prizes: not people
    ("Miles de personas se reunieron en la Puerta del Sol.", []),
    ("Recibió el Premio Nobel de la Paz en Oslo.", []),
    # institutions Apertium translates well: must stay translated
    ("El Banco de España rebajó su previsión de crecimiento.", []),
    ("El Gobierno aprobó la reforma en el Congreso de los Diputados.", []),
    ("La Unión Europea y Estados Unidos firmaron un acuerdo.", []),
    ("La Organización Mundial de la Salud emitió una alerta.", []),
    ("Viajó a Nueva York y al Reino Unido en abril.", []),
    # no names at all
    ("Los precios de la vivienda subieron un tres por ciento en el último año.", []),
    ("La tormenta dejó sin luz a miles de hogares durante la noche.", []),
    ("Los agricultores protestaron el martes contra la nueva normativa.", []),
    ("El castillo de la ciudad recibió más visitas que nunca.", []),
    ("La flor de la sierra florece en primavera.", []),
    ("Rosa es el color favorito de muchos niños.", []),
    ("El rey inauguró la exposición en el museo.", []),
    # headline case: left to the engine
    ("Nuevas Medidas Para Proteger A Los Consumidores", []),
    ("Carlos Del Castillo Gana El Premio De Periodismo", []),
]


def main() -> None:
    """`python -m bench.translate.names_es`: the sentences as one Spanish
    document through Apertium, with and without name protection, side by side."""
    from pipeline.document import Document, SourceInfo
    from pipeline.stages.translate import TranslateStage
    from pipeline.text.paragraphs import split_paragraphs

    text = "\n\n".join(s for s, _ in SENTENCES) + "\n"
    pars = split_paragraphs(text)
    language = {"lang": "es", "prob": 0.99, "paragraphs": [
        {"index": p.index, "lang": "es", "prob": 0.99, "how": "detected"} for p in pars]}
    doc = Document("names-es", text, SourceInfo("names-es.txt", "0" * 64, len(text.encode())),
                   annotations={"language": language})
    outs = {}
    for label, protect in (("before", []), ("after", ["apertium"])):
        params = TranslateStage.Params(engines_by_language={"es": ["apertium"]}, protect_names=protect)
        outs[label] = [p.text for p in split_paragraphs(TranslateStage(params).process(doc).text)]
    total = sum(len(names) for _, names in SENTENCES)
    for label, english in outs.items():
        kept = sum(1 for (_, names), out in zip(SENTENCES, english) for name in names if name in out)
        print(f"{label}: names kept {kept}/{total}")
    plain = [i for i, (_, names) in enumerate(SENTENCES) if not names]
    changed = sum(1 for i in plain if outs["before"][i] != outs["after"][i])
    print(f"sentences without names: {len(plain)}, changed by protection: {changed}\n")
    for i, (source, _) in enumerate(SENTENCES):
        mark = "*" if outs["before"][i] != outs["after"][i] else " "
        print(f"{mark} {source}\n    before: {outs['before'][i]}\n    after:  {outs['after'][i]}")


if __name__ == "__main__":
    main()
