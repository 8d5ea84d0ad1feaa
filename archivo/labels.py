"""Spanish display labels of enumeration values (translated when rendered)."""

import datetime as dt

from archivo.i18n import N_, translate
from archivo.mensajes import Mensaje

LABELS = {
    # etapas
    "tramite": N_("Trámite"), "concentracion": N_("Concentración"),
    "historico": N_("Histórico"), "baja": N_("Baja"),
    # acceso
    "publica": N_("Pública"), "reservada": N_("Reservada"), "confidencial": N_("Confidencial"),
    # destino
    "conservacion": N_("Conservación histórica"), "muestreo": N_("Muestreo"),
    # soporte
    "papel": N_("Papel"), "electronico": N_("Electrónico"), "hibrido": N_("Híbrido"),
    # valores
    "administrativo": N_("Administrativo"), "legal": N_("Legal"),
    "fiscal_contable": N_("Fiscal / contable"), "evidencial": N_("Evidencial"),
    "testimonial": N_("Testimonial"), "informativo": N_("Informativo"),
    # versiones del CADIDO
    "borrador": N_("Borrador"), "vigente": N_("Vigente"), "sustituida": N_("Sustituida"),
    # secciones
    "comun": N_("Común"), "sustantiva": N_("Sustantiva"),
    # niveles
    "serie": N_("Serie"), "subserie": N_("Subserie"),
    # cambios del impacto
    "nueva": N_("Nueva"), "cambia": N_("Cambia"), "eliminada": N_("Eliminada"),
    # niveles de descripción (ISAD(G))
    "fondo": N_("Fondo"), "seccion": N_("Sección"), "expediente": N_("Expediente"),
    # transferencias: tipo, estado y estado de cada expediente en el cotejo
    "primaria": N_("Primaria"), "secundaria": N_("Secundaria"),
    "autorizada": N_("Autorizada"), "recibida": N_("Recibida"), "cancelada": N_("Cancelada"),
    "pendiente": N_("Pendiente"), "aceptado": N_("Aceptado"), "devuelto": N_("Devuelto"),
    # bajas: estado, estado de cada expediente, votos y decisión del GI
    "en_revision": N_("En revisión del GI"), "aprobada_gi": N_("Aprobada por el GI"),
    "rechazada": N_("Rechazada"), "dictaminada": N_("Dictaminada"),
    "ejecutada": N_("Ejecutada"), "propuesto": N_("Propuesto"),
    "ejecutado": N_("Destruido (testimonio)"), "excluido": N_("Excluido"),
    "a_favor": N_("A favor"), "en_contra": N_("En contra"), "abstencion": N_("Abstención"),
    "aprobada": N_("Aprobada"),
    # préstamos (devuelto: arriba)
    "solicitado": N_("Solicitado"), "entregado": N_("Entregado"), "cancelado": N_("Cancelado"),
    # motivos de congelamiento
    "auditoria": N_("Auditoría"), "juicio": N_("Juicio"), "investigacion": N_("Investigación"),
    "solicitud_acceso": N_("Solicitud de acceso a la información"),
    "recurso_revision": N_("Recurso de revisión"),
}

ROLES = {
    "administrador": N_("Administrador"),
    "coordinador": N_("Coordinador de archivos"),
    "responsable_tramite": N_("Responsable de archivo de trámite"),
    "responsable_concentracion": N_("Responsable de archivo de concentración"),
    "responsable_historico": N_("Responsable de archivo histórico"),
    "integrante_gi": N_("Integrante del Grupo Interdisciplinario"),
    "auditor": N_("Auditor"),
}

ACTIONS = {
    "expediente.abrir": N_("Expediente abierto"),
    "expediente.editar": N_("Expediente editado"),
    "expediente.cerrar": N_("Expediente cerrado"),
    "expediente.ubicar": N_("Ubicación registrada"),
    "expediente.clasificar": N_("Clasificación de acceso cambiada"),
    "documento.agregar": N_("Documento agregado"),
    "serie.crear": N_("Serie creada"), "serie.editar": N_("Serie editada"),
    "seccion.crear": N_("Sección creada"), "seccion.editar": N_("Sección editada"),
    "cadido.version.crear": N_("Borrador del catálogo abierto"),
    "cadido.regla.fijar": N_("Regla del catálogo fijada"),
    "cadido.regla.quitar": N_("Regla del catálogo quitada"),
    "cadido.version.aprobar": N_("Versión del catálogo aprobada"),
    "fondo.crear": N_("Fondo registrado"), "fondo.editar": N_("Fondo editado"),
    "unidad.crear": N_("Unidad creada"), "unidad.editar": N_("Unidad editada"),
    "archivo.crear": N_("Archivo registrado"),
    # lifecycle

    "transferencia.crear": N_("Transferencia elaborada"),
    "transferencia.agregar": N_("Expedientes agregados"),
    "transferencia.quitar": N_("Expedientes retirados"),
    "transferencia.autorizar": N_("Transferencia autorizada y enviada"),
    "transferencia.cotejar": N_("Cotejo registrado"),
    "transferencia.recibir": N_("Transferencia recibida"),
    "transferencia.cancelar": N_("Transferencia cancelada"),
    "transferencia.aviso": N_("Aviso a la autoridad archivística registrado"),
    "baja.proponer": N_("Baja propuesta"), "baja.agregar": N_("Expedientes agregados"),
    "baja.quitar": N_("Expedientes retirados"),
    "baja.enviar_gi": N_("Inventario firmado y enviado al Grupo Interdisciplinario"),
    "baja.votar": N_("Voto de integrante del GI"),
    "baja.decision_gi": N_("Decisión del Grupo Interdisciplinario"),
    "baja.dictamen": N_("Dictamen de la autoridad archivística"),
    "baja.ejecutar": N_("Baja ejecutada (acta de baja)"), "baja.cancelar": N_("Baja cancelada"),
    "congelamiento.colocar": N_("Congelamiento colocado"),
    "congelamiento.levantar": N_("Congelamiento levantado"),
    "expediente.congelar": N_("Expediente congelado"),
    "expediente.descongelar": N_("Congelamiento levantado"),
    "prestamo.solicitar": N_("Préstamo solicitado"), "prestamo.entregar": N_("Préstamo entregado"),
    "prestamo.devolver": N_("Préstamo devuelto"), "prestamo.cancelar": N_("Préstamo cancelado"),
    "expediente.prestamo": N_("Préstamo solicitado"),
    "prestamo.renovar": N_("Préstamo renovado (prórroga)"),
    # sessions, people, bulk work and instruments
    "sesion.inicio": N_("Inicio de sesión"), "sesion.fallida": N_("Intento de acceso fallido"),
    "sesion.bloqueada": N_("Acceso bloqueado por intentos fallidos"),
    "token.crear": N_("Token de API creado"), "token.revocar": N_("Token de API revocado"),
    "usuario.crear": N_("Usuario creado"), "usuario.editar": N_("Usuario editado"),
    "usuario.desactivar": N_("Usuario desactivado"),
    "usuario.reactivar": N_("Usuario reactivado"),
    "usuario.restablecer_contrasena": N_("Contraseña restablecida"),
    "importacion.cadido": N_("Catálogo importado"),
    "importacion.expedientes": N_("Inventario de expedientes importado"),
    "instrumento.emitido": N_("Instrumento emitido"),
    "descripcion.editar": N_("Descripción archivística editada"),
    "demo.cargar": N_("Datos de demostración cargados"),
}


def label(value) -> str:
    """The display label of an enum value (or the value itself when unknown); a `Mensaje`
    (a blocking reason of the lifecycle rules) in the request's language."""
    if isinstance(value, Mensaje):
        return mensaje(value)
    key = getattr(value, "value", value)
    return translate(LABELS.get(key) or ROLES.get(key) or ACTIONS.get(key) or str(key or ""))


def mensaje(m: Mensaje) -> str:
    """A `Mensaje` in the request's language, the way `ArchivoError.message` renders errors:
    its msgid translated, then filled with its values (enum codes get their labels)."""
    if m.partes:
        return " ".join(label(p) for p in m.partes)
    if m.plantilla is None:
        return translate(m)
    text = translate(m.plantilla)
    from archivo.ui import fecha  # (ui imports the labels)

    spanish = text == m.plantilla  # (or untranslated): values as they were given
    # Dates read dd/mm/aaaa as everywhere in the UI (the Spanish str keeps ISO for JSON).
    return text.format(**{
        k: fecha(v) if isinstance(v, dt.date) else
        label(v) if isinstance(v, str) and not spanish else v
        for k, v in m.valores})
