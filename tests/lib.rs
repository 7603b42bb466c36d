
mod officials;
