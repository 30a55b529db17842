//! The layer panel's add-layer form: what the officer has typed, kept between frames, never saved.

/// The add-layer form's fields (transient).
#[derive(Debug, Clone, Default)]
pub struct LayerForm {
    pub path: String,
    pub label_field: String,
    pub assume_working_crs: bool,
    pub template: String,
    pub key: String,
}
