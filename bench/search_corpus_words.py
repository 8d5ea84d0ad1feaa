"""Vocabulary of the synthetic corpus: series, areas, kinds of records and their subjects.

Lists are long and drawn with a gentle Zipf, so the commonest content words land in
roughly 5-20 % of expedientes and most words in far fewer, as in real inventories.
"""

FONDO = "IEEN"
SERIES = [
    ("1C", "Legislación", "1C.4", "Iniciativas y dictámenes de reglamentos"),
    ("2C", "Asuntos jurídicos", "2C.3", "Juicios laborales"),
    ("2C", "Asuntos jurídicos", "2C.5", "Contratos y convenios"),
    ("3C", "Programación, organización y presupuestación", "3C.4", "Presupuesto anual"),
    ("4C", "Recursos humanos", "4C.3", "Expedientes de personal"),
    ("4C", "Recursos humanos", "4C.3.1", "Nómina de personal"),
    ("4C", "Recursos humanos", "4C.12", "Capacitación del personal"),
    ("5C", "Recursos financieros", "5C.2", "Estados financieros"),
    ("5C", "Recursos financieros", "5C.7", "Pólizas de egresos"),
    ("6C", "Recursos materiales y obra pública", "6C.5", "Adquisiciones"),
    ("6C", "Recursos materiales y obra pública", "6C.12", "Licitaciones públicas"),
    ("6C", "Recursos materiales y obra pública", "6C.21", "Obra pública"),
    ("7C", "Servicios generales", "7C.3", "Mantenimiento de inmuebles"),
    ("8C", "Tecnologías de la información", "8C.6", "Desarrollo de sistemas"),
    ("9C", "Comunicación social", "9C.2", "Boletines de prensa"),
    ("10C", "Control y auditoría", "10C.4", "Auditorías internas"),
    ("11C", "Planeación y evaluación", "11C.2", "Programa operativo anual"),
    ("12C", "Transparencia", "12C.6", "Solicitudes de acceso a la información"),
    ("1S", "Organización electoral", "1S.2", "Casillas y funcionarios de mesa"),
    ("2S", "Capacitación electoral", "2S.1", "Materiales didácticos"),
]
UNIDADES = [
    ("DA", "Dirección de Administración"),
    ("CJ", "Coordinación Jurídica"),
    ("UT", "Unidad de Transparencia"),
    ("OIC", "Órgano Interno de Control"),
    ("DOE", "Dirección de Organización Electoral"),
    ("CCE", "Coordinación de Capacitación Electoral"),
    ("CS", "Coordinación de Comunicación Social"),
    ("UTI", "Unidad de Tecnologías de la Información"),
    ("SE", "Secretaría Ejecutiva"),
    ("UPP", "Unidad de Prerrogativas y Partidos Políticos"),
    ("CRH", "Coordinación de Recursos Humanos"),
    ("SG", "Secretaría General"),
]
# Kinds of record that open a title ("Contrato de ...", "Acta de ...").
TIPOS = [
    "Contrato", "Convenio de colaboración", "Oficio", "Acta de sesión", "Informe",
    "Solicitud", "Dictamen", "Requisición", "Póliza", "Factura", "Minuta", "Circular",
    "Acuerdo", "Programa", "Proyecto", "Estudio", "Bitácora", "Reporte", "Constancia",
    "Nombramiento", "Recibo", "Orden de compra", "Orden de servicio", "Inventario",
    "Resguardo", "Padrón", "Registro", "Manual", "Lineamientos", "Reglamento",
    "Evaluación", "Auditoría", "Recurso de revisión", "Queja", "Denuncia", "Demanda",
    "Sentencia", "Convocatoria", "Licitación pública", "Invitación restringida",
    "Adjudicación directa", "Cotización", "Fianza", "Garantía de cumplimiento",
    "Estimación", "Finiquito", "Memorándum", "Tarjeta informativa", "Expediente técnico",
    "Cuadro comparativo", "Fallo", "Presupuesto", "Conciliación bancaria", "Arqueo",
    "Transferencia", "Baja de bienes", "Donación", "Comodato", "Versión pública",
    "Respuesta", "Notificación", "Citatorio", "Amparo", "Boletín", "Campaña",
]  # fmt: skip
# Subjects: what the record is about ("adquisición de papelería").
OBJETOS = [
    "papelería", "consumibles de impresión", "equipo de cómputo", "licencias de software",
    "mobiliario de oficina", "vehículos oficiales", "combustible", "llantas",
    "refacciones", "servicio de limpieza", "servicio de vigilancia", "fumigación",
    "energía eléctrica", "agua potable", "telefonía", "internet", "arrendamiento de inmuebles",
    "bodega", "material electoral", "boletas electorales", "urnas", "mamparas",
    "líquido indeleble", "actas de escrutinio", "paquetes electorales", "credenciales",
    "uniformes", "medicamentos", "seguro de vida", "seguro de vehículos",
    "seguro de bienes patrimoniales", "viáticos", "pasajes", "honorarios asimilables",
    "nómina quincenal", "aguinaldo", "prima vacacional", "cuotas de seguridad social",
    "impuesto sobre nómina", "retenciones", "fondo revolvente", "gastos a comprobar",
    "capacitación en archivos", "diplomado", "taller", "curso de inducción", "congreso",
    "foro ciudadano", "debate", "encuesta", "conteo rápido", "programa de resultados preliminares",
    "cómputos distritales", "observadores electorales", "candidaturas", "partidos políticos",
    "financiamiento público", "fiscalización", "propaganda", "spots de radio", "inserciones",
    "monitoreo de medios", "página web", "redes sociales", "sistema de nómina",
    "sistema de gestión documental", "servidor de datos", "red institucional",
    "cableado estructurado", "videovigilancia", "aire acondicionado", "elevador",
    "impermeabilización", "pintura", "remodelación", "construcción de bodega",
    "sala de sesiones", "auditorio", "estacionamiento", "archivo de concentración",
    "digitalización", "expurgo", "transferencia primaria", "catálogo de disposición",
    "guía de archivo", "inventario documental", "préstamo de expedientes",
    "solicitudes de información", "datos personales", "recursos de revisión",
    "obligaciones de transparencia", "declaraciones patrimoniales", "conflicto de intereses",
    "control interno", "riesgos institucionales", "indicadores de desempeño",
    "programa operativo anual", "presupuesto de egresos", "ampliación presupuestal",
    "adecuaciones presupuestales", "cuenta pública", "estados financieros",
    "armonización contable", "activo fijo", "bienes muebles", "parque vehicular",
    "almacén general", "proveedores", "contratistas", "plazas vacantes", "reclutamiento",
    "evaluación del desempeño", "servicio profesional", "incapacidades", "licencias médicas",
    "jubilación", "pensiones", "finiquitos laborales", "juicio laboral", "amparo indirecto",
    "procedimiento sancionador", "medidas cautelares", "quejas ciudadanas",
    "convenio de coordinación", "convenio con universidades", "protección civil",
    "simulacro", "brigada", "primeros auxilios", "accesibilidad", "igualdad de género",
    "violencia política", "pueblos indígenas", "voto en el extranjero", "urna electrónica",
    "consulta popular", "plebiscito", "referéndum", "presupuesto participativo",
]  # fmt: skip
CONECTORES = ["de", "para", "relativo a", "sobre", "del servicio de", "en materia de"]
CALIFICATIVOS = [
    "del ejercicio", "correspondiente al", "del proceso electoral", "del periodo",
    "de la sesión ordinaria de", "de la sesión extraordinaria de", "del trimestre de",
]  # fmt: skip
MESES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "octubre", "noviembre", "diciembre",
]  # fmt: skip
PLACES = [
    "Tepic", "Bahía de Banderas", "Compostela", "Santiago Ixcuintla", "Acaponeta",
    "Tuxpan", "Xalisco", "Ixtlán del Río", "San Blas", "Rosamorada", "Ruiz", "Tecuala",
    "Ahuacatlán", "Amatlán de Cañas", "Huajicori", "Jala", "La Yesca", "San Pedro Lagunillas",
    "Santa María del Oro", "El Nayar",
]  # fmt: skip
NOMBRES = [
    "María", "José", "Juan", "Guadalupe", "Francisco", "Ana", "Luis", "Carmen", "Jorge",
    "Rosa", "Miguel", "Patricia", "Alejandro", "Laura", "Ricardo", "Elena", "Fernando",
    "Verónica", "Roberto", "Adriana", "Sergio", "Claudia", "Arturo", "Leticia", "Javier",
    "Gabriela", "Raúl", "Silvia", "Eduardo", "Norma",
]  # fmt: skip
APELLIDOS = [
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez",
    "Sánchez", "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes",
    "Jiménez", "Torres", "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz",
    "Moreno", "Castillo", "Romero", "Álvarez", "Méndez", "Chávez", "Rivera", "Juárez",
    "Ramos", "Domínguez", "Herrera", "Medina", "Castro", "Vargas", "Guzmán", "Velázquez",
    "Rojas", "Contreras", "Salazar", "Ibarra", "Bernal", "Estrada", "Delgado", "Cervantes",
    "Navarro", "Rentería", "Cárdenas",
]  # fmt: skip
# Description sentences; {obj}, {obj2}, {tipo}, {area}, {lugar}, {mes}, {anio} are filled in.
FRASES = [
    "Contiene {tipo} y anexos relativos a {obj} de {area}",
    "Se integra con la documentación soporte de {obj} durante el ejercicio {anio}",
    "Incluye cotizaciones, cuadro comparativo y fallo para {obj}",
    "Documentación generada por {area} con motivo de {obj}",
    "Comprende oficios de solicitud y respuesta sobre {obj} en {lugar}",
    "Seguimiento de observaciones de auditoría a {obj}",
    "Registro de entregas de {obj} a los consejos municipales de {lugar}",
    "Expediente abierto a petición de {area} por {obj}",
    "Contratación de {obj} mediante adjudicación directa en {mes} de {anio}",
    "Pagos a proveedores por {obj} y {obj2}",
    "Informe trimestral del avance de {obj}",
    "Acuerdo del Consejo General relativo a {obj}",
    "Minutas de reuniones de trabajo sobre {obj} y {obj2}",
    "Validación técnica y jurídica de {obj}",
    "Entrega recepción de {obj} al cierre del ejercicio {anio}",
    "Solicitud ciudadana de información sobre {obj}",
    "Resguardo y control de {obj} en el almacén de {lugar}",
    "Atención de requerimientos del órgano fiscalizador respecto de {obj}",
    "Bitácora de mantenimiento preventivo y correctivo de {obj}",
    "Convenio modificatorio por ampliación de monto y plazo de {obj}",
    "Notificaciones y emplazamientos del procedimiento relativo a {obj}",
    "Evidencia fotográfica y listas de asistencia de {obj}",
    "Reportes mensuales de consumo de {obj}",
    "Dictamen de procedencia para la baja de {obj}",
]  # fmt: skip
STAGES = [("tramite", 55), ("concentracion", 30), ("historico", 10), ("baja", 5)]
ACCESS = [("publica", 80), ("reservada", 12), ("confidencial", 8)]
