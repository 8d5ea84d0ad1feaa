"""Calendario de caducidades: what falls due for transfer or disposal, by month and unit."""
